from otter.test_files import test_case

OK_FORMAT = False

name = "initialize_linear_params"
points = 1

@test_case(points=0, hidden=False)
def test_initialize_linear_params_public(env):
    from lmchecks.checks.otter_bridge import public_check
    from lmchecks.lessons.linear_models import LESSON
    public_check(LESSON, 'initialize_linear_params', env)

