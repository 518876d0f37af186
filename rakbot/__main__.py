from rakbot.cli import main

raise SystemExit(main())
