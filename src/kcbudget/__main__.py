from kcbudget.cli.start import main

main()
