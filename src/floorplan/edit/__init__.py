"""`floorplan edit`: planners review and change a layout in the browser, the validator live.

`session.EditSession` holds the layout, its history and its findings;
`app.create_app` serves the page and the JSON API around it; `svgmap` draws a
hall from the same scene as the PNG maps; `resolve` runs `solve --baseline`
in the background; `server.serve` is the command.
"""

from floorplan.edit.session import EditError, EditSession

__all__ = ["EditError", "EditSession"]
