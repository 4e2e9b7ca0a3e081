from grogc.cli import main

main()
