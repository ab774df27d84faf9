"""rsitr-list: the data and generator behind Awesome Remote Sensing Image-Text Retrieval."""

__version__ = "0.1.0"
