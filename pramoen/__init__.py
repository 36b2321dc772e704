"""pramoen (ประเมิน): the BMA's yearly evaluation of its agencies."""

__version__ = "0.1.0"
