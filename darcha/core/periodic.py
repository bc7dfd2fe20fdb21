"""Periodic jobs, registered by the app that owns them; the worker enqueues each on its interval.

Nothing central lists the jobs: an app declares its own in its `tasks` module,

    @every(seconds=300)
    @task()
    def detect_overdue() -> int: ...

and the worker imports the `tasks` module of every installed app (`autodiscover`, like the admin's)
before it starts. A job must be idempotent: with several workers each scheduler enqueues it, and a
round missed during an outage is not made up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias, TypeVar

from django.utils.module_loading import autodiscover_modules
from django_tasks.base import Task

AnyTask: TypeAlias = Task[[], Any]
TaskT = TypeVar("TaskT", bound=AnyTask)


@dataclass(frozen=True)
class PeriodicJob:
    task: AnyTask
    seconds: float

    @property
    def name(self) -> str:
        return self.task.module_path


_jobs: dict[str, PeriodicJob] = {}


def register(task: AnyTask, *, seconds: float) -> None:
    """Enqueue `task` (which takes no arguments) every `seconds`; registering it again replaces it."""
    if seconds <= 0:
        raise ValueError(f"{task.module_path}: the interval must be positive, not {seconds}")
    _jobs[task.module_path] = PeriodicJob(task=task, seconds=float(seconds))


def every(*, seconds: float) -> Callable[[TaskT], TaskT]:
    """Decorator form of `register`, placed above `@task()`."""

    def decorator(task: TaskT) -> TaskT:
        register(task, seconds=seconds)
        return task

    return decorator


def jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def autodiscover() -> None:
    """Import every installed app's `tasks` module, which registers that app's periodic jobs."""
    autodiscover_modules("tasks")
