"""juesuan: data-quality checks for Chinese government final-accounts reports (决算公开)."""

LOG_FORMAT = "juesuan: %(message)s"
