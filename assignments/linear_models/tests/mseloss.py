from otter.test_files import test_case

OK_FORMAT = False

name = "mseloss"
points = 2

@test_case(points=0, hidden=False)
def test_mseloss_public(env):
    from lmchecks.checks.otter_bridge import public_check
    from lmchecks.lessons.linear_models import LESSON
    public_check(LESSON, 'mseloss', env)

