from otter.test_files import test_case

OK_FORMAT = False

name = "model_optimization_loop"
points = 3

@test_case(points=0, hidden=False)
def test_model_optimization_loop_public(env):
    from lmchecks.otter_bridge import public_check
    public_check('model_optimization_loop', env)

