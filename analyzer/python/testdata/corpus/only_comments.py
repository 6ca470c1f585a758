# Nothing but comments here.
# import fake
