from kcbudget.cli.roothelp import main

main()
