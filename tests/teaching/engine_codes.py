"""Every error code the simulator can answer, read from its source with `ast`, so the list of codes
`ec2eni explain` must cover is never kept by hand.

A code is the first argument of an `EC2Error(...)` call. Where that argument is not a string
literal, it is followed to the literals it can be: a local name to what is assigned to it (tuple
unpacking included), a lookup in a module-level dict by a run-time key to every value of the dict
(`_MALFORMED_CODE[kind]`, `_NOT_FOUND[kind]`), a constant index into a tuple to that element, an
f-string to each combination of its parts (`f"{code}.Malformed"`), and a parameter of the
enclosing function to the arguments of every call of that function. Anything else is an error
here, so a new way of building a code cannot slip past the test.

The engine raises almost every code; `ec2eni.cli.runtime` raises one more
(`UnauthorizedOperation`, a change in another region), printed the same way, so the whole
package is read.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "ec2eni"


class Unresolved(Exception):
    """A code expression this reader cannot follow to string literals."""


class _Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(), filename=str(path))
        self.parents: dict[ast.AST, ast.AST] = {
            child: node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)
        }
        self.tables = {
            node.targets[0].id: node.value
            for node in self.tree.body
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        }

    def where(self, node: ast.AST) -> str:
        shown = (
            self.path.relative_to(PACKAGE.parent)
            if self.path.is_relative_to(PACKAGE)
            else self.path
        )
        return f"{shown}:{getattr(node, 'lineno', '?')}"

    def scope(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None


class _Reader:
    def __init__(self, modules: list[_Module]) -> None:
        self.modules = modules

    def strings(self, module: _Module, node: ast.expr, scope: ast.FunctionDef | None) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.JoinedStr):
            parts: list[set[str]] = []
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    parts.append(self.strings(module, part.value, scope))
                else:
                    parts.append(self.strings(module, part, scope))
            return {"".join(combination) for combination in itertools.product(*parts)}
        found: set[str] = set()
        for value, value_module, value_scope in self.values(module, node, scope):
            if value is node:
                raise Unresolved(f"{module.where(node)}: {ast.unparse(node)}")
            found |= self.strings(value_module, value, value_scope)
        return found

    def values(
        self, module: _Module, node: ast.expr, scope: ast.FunctionDef | None
    ) -> Iterator[tuple[ast.expr, _Module, ast.FunctionDef | None]]:
        """The expressions `node` can evaluate to, each with where to read it further."""
        if isinstance(node, ast.Name):
            yield from self._name(module, node, scope)
        elif isinstance(node, ast.Subscript):
            for container, where, inner in self.values(module, node.value, scope):
                if isinstance(container, ast.Dict):
                    # A lookup by a run-time key: any value of the table.
                    yield from ((value, where, inner) for value in container.values)
                elif (
                    isinstance(container, ast.Tuple)
                    and isinstance(node.slice, ast.Constant)
                    and isinstance(node.slice.value, int)
                ):
                    yield container.elts[node.slice.value], where, inner
                else:
                    raise Unresolved(f"{module.where(node)}: {ast.unparse(node)}")
        else:
            yield node, module, scope

    def _name(
        self, module: _Module, node: ast.Name, scope: ast.FunctionDef | None
    ) -> Iterator[tuple[ast.expr, _Module, ast.FunctionDef | None]]:
        if scope is not None:
            assigned = list(self._assigned(module, node.id, scope))
            if assigned:
                yield from assigned
                return
            parameters = [a.arg for a in (*scope.args.posonlyargs, *scope.args.args)]
            keywords = [a.arg for a in scope.args.kwonlyargs]
            if node.id in parameters or node.id in keywords:
                yield from self._arguments(scope.name, node.id, parameters)
                return
        if node.id in module.tables:
            yield module.tables[node.id], module, None
            return
        raise Unresolved(f"{module.where(node)}: {node.id}")

    def _assigned(
        self, module: _Module, name: str, scope: ast.FunctionDef
    ) -> Iterator[tuple[ast.expr, _Module, ast.FunctionDef | None]]:
        for statement in ast.walk(scope):
            if not isinstance(statement, ast.Assign):
                continue
            for target in statement.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    yield from self.values(module, statement.value, scope)
                elif isinstance(target, ast.Tuple):
                    positions = [
                        i
                        for i, element in enumerate(target.elts)
                        if isinstance(element, ast.Name) and element.id == name
                    ]
                    for position in positions:
                        for value, where, inner in self.values(module, statement.value, scope):
                            if not isinstance(value, ast.Tuple):
                                raise Unresolved(f"{module.where(statement)}: {name}")
                            yield value.elts[position], where, inner

    def _arguments(
        self, function: str, parameter: str, positional: list[str]
    ) -> Iterator[tuple[ast.expr, _Module, ast.FunctionDef | None]]:
        """What every call of `function` (anywhere in the package) passes as `parameter`."""
        position = positional.index(parameter) if parameter in positional else None
        for module in self.modules:
            for call in ast.walk(module.tree):
                if not isinstance(call, ast.Call) or _called(call) != function:
                    continue
                scope = module.scope(call)
                for keyword in call.keywords:
                    if keyword.arg == parameter:
                        yield from self.values(module, keyword.value, scope)
                if position is not None and position < len(call.args):
                    yield from self.values(module, call.args[position], scope)


def _called(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def package_modules() -> list[Path]:
    """The package's modules, less the teaching ones (which explain codes, never raise them)."""
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "teaching" not in path.relative_to(PACKAGE).parts
    ]


def raised_codes(paths: list[Path] | None = None) -> dict[str, list[str]]:
    """Every code an `EC2Error` of the modules (by default the package's) can carry -> where
    (file:line) it is built."""
    modules = [_Module(path) for path in (package_modules() if paths is None else paths)]
    reader = _Reader(modules)
    codes: dict[str, list[str]] = {}
    for module in modules:
        for call in ast.walk(module.tree):
            if not isinstance(call, ast.Call) or _called(call) != "EC2Error":
                continue
            argument = call.args[0] if call.args else None
            for keyword in call.keywords:
                if keyword.arg == "code":
                    argument = keyword.value
            if argument is None:
                raise Unresolved(f"{module.where(call)}: EC2Error without a code")
            for code in reader.strings(module, argument, module.scope(call)):
                codes.setdefault(code, []).append(module.where(call))
    return codes
