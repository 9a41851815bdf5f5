# Reference answers, graded at the same time as cpu_hog_starves_neighbours.py (group neighbours, 2
# workers): the time the other submission's processes keep this one off the processors must not be
# charged to it, which must get full marks.
# group: neighbours
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
