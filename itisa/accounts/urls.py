from django.urls import path

from itisa.accounts import views, views_auth, views_otp

app_name = "accounts"
urlpatterns = [
    path("login/", views_auth.LoginView.as_view(), name="login"),
    path("logout/", views_auth.LogoutView.as_view(), name="logout"),
    path("password/", views_auth.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views_auth.PasswordChangeDoneView.as_view(), name="password_done"),
    path("2fa/", views_otp.verify, name="otp_verify"),
    path("2fa/setup/", views_otp.setup, name="otp_setup"),
    path("2fa/recovery/", views_otp.recovery_codes, name="otp_recovery"),
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/revoke/", views.role_revoke_view, name="role_revoke"),
]
