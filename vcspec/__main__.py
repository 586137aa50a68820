from vcspec.cli import main

main()
