from django.urls import path

from archive import views

app_name = "archive"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("outlets/<str:slug>/", views.source_detail, name="source"),
    path("entities/<int:pk>/", views.entity_detail, name="entity"),
]
