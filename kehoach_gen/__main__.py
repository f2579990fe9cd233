from kehoach_gen.cli import main

main()
