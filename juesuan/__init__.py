"""juesuan: data-quality checks for Chinese government final-accounts reports (决算公开)."""

LOG_FORMAT = "juesuan: %(message)s"

# exit status of `juesuan build` (README, "Exit status"); kept here so that the command line can
# use them without importing the build
BUILT = 0
UNACKNOWLEDGED_ERRORS = 1
BAD_INPUT = 2
BUILD_FAILED = 3
