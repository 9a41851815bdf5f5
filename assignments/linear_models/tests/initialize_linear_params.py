from otter.test_files import test_case

OK_FORMAT = False

name = "initialize_linear_params"
points = 1

@test_case(points=0, hidden=False)
def test_initialize_linear_params_public(env):
    from lmchecks.otter_bridge import public_check
    public_check('initialize_linear_params', env)

