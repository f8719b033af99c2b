"""The verdict on one task of a consumer test plan: done, not done or done wrongly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

TaskState = Literal["done", "not done", "done wrongly"]
TASK_STATES: tuple[str, ...] = get_args(TaskState)


@dataclass(frozen=True)
class TaskVerdict:
    """What the session concluded about one task, and the received messages that showed it."""

    task: str
    state: TaskState
    #: the IDs this verdict is about: the failed IDs when "done wrongly", the task's IDs when "not done"
    requirements: tuple[str, ...]
    why: str
    #: ids of the received messages (``Received.id``) that showed it
    messages: tuple[int, ...] = ()

    @property
    def passed(self) -> bool:
        return self.state == "done"
