from otter.test_files import test_case

OK_FORMAT = False

name = "linear_model"
points = 2

@test_case(points=0, hidden=False)
def test_linear_model_public(env):
    from lmchecks.otter_bridge import public_check
    public_check('linear_model', env)

