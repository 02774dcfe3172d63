from kcbudget.cli.app import main

main()
