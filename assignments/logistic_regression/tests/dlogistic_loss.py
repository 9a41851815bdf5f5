from otter.test_files import test_case

OK_FORMAT = False

name = "dlogistic_loss"
points = 2

@test_case(points=0, hidden=False)
def test_dlogistic_loss_public(env):
    from lrchecks.checks.otter_bridge import public_check
    from lrchecks.lessons.logistic_regression import LESSON
    public_check(LESSON, 'dlogistic_loss', env)

