from floorplan.cli import main

main()
