from rekisteri.cli import main

main()
