from wagtail import hooks

from core.scheduling import REFUSED, RefusedFormatter


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(REFUSED)(RefusedFormatter)
