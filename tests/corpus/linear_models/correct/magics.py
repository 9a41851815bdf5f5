# Extra IPython magics: a shell escape, %timeit on the model, %%time on the notebook's run cell and
# %who; dict theta with the reference answers.
# expect: full
# %% after:data
!echo hi
# %% after:init-theta
%timeit -n1 -r1 linear_model(theta, x)
# %% run-loop
%%time
losses, theta = model_optimization_loop(theta, linear_model, mseloss, x, y, n_steps=3000)
# %% after:show-theta
%who
