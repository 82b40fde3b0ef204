from cablerdf.cli import main

raise SystemExit(main())
