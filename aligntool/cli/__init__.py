"""Layer 5: the command line. Each module parses one command's options and calls the job or API below it."""
