from tests.e2e.conftest import emulator, harness

__all__ = ["emulator", "harness"]
