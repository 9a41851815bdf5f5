# Reference answers with scratch cells between them that raise (ZeroDivisionError, NameError,
# KeyError): a "Run All" with errors keeps going and grading must not care.
# expect: full
# %% after:answer-linear_model
1 / 0
# %% after:answer-mseloss
print(mseloss(theta, linear_model, x, undefined_y))
# %% after:example-gradient
example_theta["slope"]
# %% after:show-theta
assert False, "scratch"
