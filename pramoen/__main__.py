from pramoen.cli import main

main()
