"""Algorithm 1 streamed to a page: ``settings`` (the data sets and knobs of a live run), ``run`` (the
run as a generator of frames), ``views`` (Figure 1, the 2-D map, the digit grid)."""
