from floorplan.entry import run

run()
