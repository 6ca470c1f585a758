from django.db import models
from django.contrib.auth.models import AbstractUser
from django.views.generic import ListView, DetailView
from django.contrib.auth.mixins import LoginRequiredMixin
from rest_framework import serializers, viewsets


class TimestampedMixin(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class User(AbstractUser):
    bio = models.TextField(blank=True)


class Post(TimestampedMixin):
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse
        return reverse("post-detail", args=[self.pk])


class Comment(TimestampedMixin):
    post = models.ForeignKey(Post, on_delete=models.CASCADE)
    text = models.TextField()


class PostList(LoginRequiredMixin, ListView):
    model = Post
    paginate_by = 20

    def get_queryset(self):
        qs = super().get_queryset()
        if q := self.request.GET.get("q"):
            qs = qs.filter(title__icontains=q)
        return qs


class PostDetail(LoginRequiredMixin, DetailView):
    model = Post


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "title", "body"]


class PostViewSet(viewsets.ModelViewSet):
    queryset = Post.objects.all()
    serializer_class = PostSerializer
