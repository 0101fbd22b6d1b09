"""The browser dashboard for province HR (``staffsim dashboard FILE``): a map of the communes,
the levers, re-planning in the background, explanations, the comparison with the baseline and
over time, imports and the decision annex, in Vietnamese (English by a switch).

A thin layer over the functions the command line uses: ``planning`` calls them (and caches
their results), the other modules draw the page (NiceGUI 3, served locally, works offline).
``server.serve`` starts it; ``auth`` decides who may use it.
"""
