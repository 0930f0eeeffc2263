from vanban.cli import main

main()
