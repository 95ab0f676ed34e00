"""Views of the graph people look at rather than read."""
