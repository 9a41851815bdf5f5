from otter.test_files import test_case

OK_FORMAT = False

name = "initialize_logistic_params"
points = 1

@test_case(points=0, hidden=False)
def test_initialize_logistic_params_public(env):
    from lrchecks.checks.otter_bridge import public_check
    from lrchecks.lessons.logistic_regression import LESSON
    public_check(LESSON, 'initialize_logistic_params', env)

