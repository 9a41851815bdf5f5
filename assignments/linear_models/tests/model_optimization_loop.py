from otter.test_files import test_case

OK_FORMAT = False

name = "model_optimization_loop"
points = 3

@test_case(points=0, hidden=False)
def test_model_optimization_loop_public(env):
    from lmchecks.checks.otter_bridge import public_check
    from lmchecks.lessons.linear_models import LESSON
    public_check(LESSON, 'model_optimization_loop', env)

