"""Learned components beside the rules (spaCy-style: trainable components over one Doc).

`judge` scores the rules' candidate events (did it happen, and why not), from `features`;
`data` reads the project's labelled sentences, `fit` and `train` build the model that
ships in rasd/data/models, `metrics` scores it.  Only `judge` and `features` run at
extraction time, in plain Python; training needs scikit-learn (`pip install rasd[train]`).
"""
