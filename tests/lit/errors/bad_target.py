# FILE:FUNCTION errors: no function of that name (the defined ones are listed), no ':FUNCTION',
# a syntax error in the file, an unknown stage, a wrong number of --arg.
# RUN: not nxc dump %s:nope --arg f32 2>&1 | FileCheck %s --check-prefix=NOFUN
# RUN: not nxc dump %s --arg f32 2>&1 | FileCheck %s --check-prefix=NOCOLON
# RUN: not nxc dump %S/Inputs/syntax_error.py:f --arg f32 2>&1 | FileCheck %s --check-prefix=SYNTAX
# RUN: not nxc dump %s:square --arg f32 --stage bogus 2>&1 | FileCheck %s --check-prefix=STAGE
# RUN: not nxc dump %s:CONSTANT --arg f32 2>&1 | FileCheck %s --check-prefix=NOTFUN
# RUN: not nxc dump %s:square --arg f32 --arg f32 2>&1 | FileCheck %s --check-prefix=ARITY

# NOFUN: nxc: error: {{.*}}bad_target.py has no function 'nope' (it defines: square)
# NOCOLON: nxc: error: expected FILE.py:FUNCTION or FILE.mlir, got '{{.*}}bad_target.py'
# SYNTAX: nxc: error: {{.*}}syntax_error.py:2:{{[0-9]+}}: SyntaxError:
# STAGE: nxc: error: unknown stage 'bogus'; stages: nx, {{.*}}canonicalize{{.*}}, stablehlo, hlo
# NOTFUN: nxc: error: {{.*}}bad_target.py:CONSTANT is a float, not a function
# ARITY: nxc: error: {{.*}}bad_target.py:square takes 1 argument(s) (x) but 2 --arg were given
# CHECK-NOT: Traceback
import nx

CONSTANT = 1.5


@nx.defn
def square(x):
    return x * x
