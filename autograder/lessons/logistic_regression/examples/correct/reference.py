# The master notebook's own solutions, unchanged (its eager loop too: the test corpus's compiled
# loop replaces no cell here).
# expect: full
# loop: master
