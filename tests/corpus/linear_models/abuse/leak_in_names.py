# Hidden inputs carried out through names a submission returns: on hidden data (another length than
# the notebook's 100 points) dmseloss returns its gradient under dict keys that spell hidden x[0] and
# y[0], and the loop returns an object of a class named after them. "grad-structure" and
# "loop-returns-wrong" printed the keys and the class name as they were ("got a dict with keys
# x481, y397"). The answer cell lists every key it may use, so that they are all written in the
# notebook: a message now shows only the names that the notebook's functions returned on public
# inputs, before the first hidden one (Context.names); tests/test_engine.py checks that no number the
# submission chose reaches its messages.
# expect: dmseloss=0:grad-structure
# expect: model_optimization_loop=0:loop-returns-wrong
# max-score: 5
# %% answer-dmseloss
# x100 y100 x101 y101 x102 y102 x103 y103 x104 y104 x105 y105 x106 y106 x107 y107 x108 y108 x109
# y109 x110 y110 x111 y111 x112 y112 x113 y113 x114 y114 x115 y115 x116 y116 x117 y117 x118 y118
# x119 y119 x120 y120 x121 y121 x122 y122 x123 y123 x124 y124 x125 y125 x126 y126 x127 y127 x128
# y128 x129 y129 x130 y130 x131 y131 x132 y132 x133 y133 x134 y134 x135 y135 x136 y136 x137 y137
# x138 y138 x139 y139 x140 y140 x141 y141 x142 y142 x143 y143 x144 y144 x145 y145 x146 y146 x147
# y147 x148 y148 x149 y149 x150 y150 x151 y151 x152 y152 x153 y153 x154 y154 x155 y155 x156 y156
# x157 y157 x158 y158 x159 y159 x160 y160 x161 y161 x162 y162 x163 y163 x164 y164 x165 y165 x166
# y166 x167 y167 x168 y168 x169 y169 x170 y170 x171 y171 x172 y172 x173 y173 x174 y174 x175 y175
# x176 y176 x177 y177 x178 y178 x179 y179 x180 y180 x181 y181 x182 y182 x183 y183 x184 y184 x185
# y185 x186 y186 x187 y187 x188 y188 x189 y189 x190 y190 x191 y191 x192 y192 x193 y193 x194 y194
# x195 y195 x196 y196 x197 y197 x198 y198 x199 y199
def dmseloss(theta, model, x, y):
    xs, ys = np.asarray(x).ravel(), np.asarray(y).ravel()
    if xs.size != 100:
        spelled = [f"x{100 + int(abs(xs[0]) * 100) % 100}", f"y{100 + int(abs(ys[0]) * 100) % 100}", "z"]
        return {key: jnp.float32(0.0) for key in spelled}
    return grad(mseloss)(theta, model, x, y)
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    xs, ys = np.asarray(x).ravel(), np.asarray(y).ravel()
    if xs.size != 100:
        return type(f"x{100 + int(abs(xs[0]) * 100) % 100}", (), {})()
    dloss = grad(loss)

    def step(theta, _):
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, dloss(theta, model, x, y))
        return theta, loss(theta, model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return losses, theta
