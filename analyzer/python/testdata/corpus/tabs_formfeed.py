import sys

class Tabbed:
	def method(self):
		if sys.argv:
			return 1
		return 0


def after_form_feed():
	pass
