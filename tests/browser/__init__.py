"""Browser tests of the built site and of the notebooks in JupyterLab."""
