from otter.test_files import test_case

OK_FORMAT = False

name = "logistic_model"
points = 2

@test_case(points=0, hidden=False)
def test_logistic_model_public(env):
    from lrchecks.checks.otter_bridge import public_check
    from lrchecks.lessons.logistic_regression import LESSON
    public_check(LESSON, 'logistic_model', env)

