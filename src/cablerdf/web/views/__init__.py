"""One module per URL family; each exposes a Flask blueprint ``bp`` (registered by ``create_app``)."""
