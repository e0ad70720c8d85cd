"""Helpers without models: Chinese text conventions, periods, settings parsing."""
