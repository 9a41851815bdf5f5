# The master notebook's own solutions, unchanged.
# expect: full
