"""Inputs for module_args_oracle.py: each kolla container module's arguments as the
releases' trees pass them (and a few that some release rejects)."""

FACTS = [
    {},
    {'name': ['keystone', 'glance_api']},
    {'name': 'keystone,glance_api'},
    {'container_engine': 'docker'},
    {'container_engine': 'podman', 'name': ['a']},
    {'container_engine': 'docker', 'action': 'get_containers'},
    {'container_engine': 'docker', 'action': 'get_containers', 'name': ['a'], 'args': {'get_all_containers': 'yes'}},
    {'container_engine': 'docker', 'action': 'get_containers_names'},
    {'container_engine': 'docker', 'action': 'get_volumes', 'name': ['v']},
    {'container_engine': 'docker', 'action': 'get_containers_env'},
    {'container_engine': 'docker', 'action': 'get_containers_state', 'name': ['a']},
    {'container_engine': 'docker', 'action': 'get_everything'},
    {'container_engine': 'docker', 'action': 'get_containers', 'args': {'unknown': 1}},
    {'bogus': 1},
]

TOOLBOX = [
    {'module_name': 'ping'},
    {'module_name': 'ping', 'container_engine': 'docker'},
    {'module_name': 'file', 'module_args': 'path=/tmp state=absent', 'container_engine': 'docker'},
    {'module_name': 'uri', 'module_args': {'url': 'http://x', 'status_code': [200, 201]}, 'container_engine': 'docker'},
    {'module_name': 'x', 'module_extra_vars': {'a': 1}, 'container_engine': 'podman'},
    {'module_name': 'x', 'module_extra_vars': '{"a": 1}', 'container_engine': 'docker'},
    {'module_name': 'x', 'container_engine': 'lxc'},
    {'module_name': 'x', 'container_engine': 'docker', 'timeout': '30', 'user': 'root'},
    {'container_engine': 'docker'},
]

VOLUME_FACTS = [
    {},
    {'container_engine': 'docker', 'name': ['mariadb']},
    {'container_engine': 'docker', 'action': 'get_volumes'},
]

CONTAINER = [
    {'action': 'start_container', 'name': 'x', 'image': 'kolla/x:1'},
    {'action': 'start_container', 'name': 'x'},
    {'action': 'compare_container', 'name': 'x', 'container_engine': 'podman'},
    {'action': 'compare_container', 'name': 'x', 'common_options': {'container_engine': 'podman', 'restart_policy': 'no'}},
    {'action': 'get_container_env', 'name': 'x'},
    {'action': 'get_container_state', 'name': 'x'},
    {'action': 'stop_and_remove_container', 'name': 'x', 'ignore_missing': 'yes'},
    {'action': 'start_container', 'name': 'x', 'image': 'i', 'cgroupns_mode': 'host', 'tmpfs': ['/run'],
     'healthcheck': {'test': ['CMD', 'true'], 'interval': 30, 'timeout': 30, 'start_period': 5, 'retries': 3}},
    {'action': 'start_container', 'name': 'x', 'image': 'i', 'restart_policy': 'oneshot', 'detach': 'no'},
    {'action': 'start_container', 'name': 'x', 'image': 'i', 'pid_mode': 'private', 'ipc_mode': 'host'},
    {'action': 'recreate_or_restart_container', 'name': 'x', 'dimensions': {'mem_limit': '1g'}, 'volumes': 'a:/a,b:/b'},
    {'action': 'pull_image'},
    {'action': 'bogus', 'name': 'x'},
]

CASES = [('kolla_container_facts', FACTS), ('kolla_toolbox', TOOLBOX),
         ('kolla_container_volume_facts', VOLUME_FACTS), ('kolla_docker', CONTAINER)]
