using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Infrastructure;

namespace Nop.Plugin.Misc.Flock.Infrastructure;

/// <summary>
/// Counts the requests this store process is serving (<see cref="ShopperTraffic"/>), first in the pipeline after
/// nopCommerce's error handler so pages, static files and posts all count. Flock's own endpoints do not (the thank-you
/// block's request is the one waiting for the background work), nor nopCommerce's scheduled-task runner (the store
/// calling itself to run its tasks, Flock's chains among them, is background work too).
/// </summary>
public class ShopperTrafficStartup : INopStartup
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<ShopperTraffic>();

    public void Configure(IApplicationBuilder application)
    {
        var traffic = application.ApplicationServices.GetRequiredService<ShopperTraffic>();
        application.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments(FlockOwnPaths, StringComparison.OrdinalIgnoreCase)
                || path.StartsWithSegments(TaskRunnerPath, StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }
            traffic.Enter();
            try
            {
                await next(context);
            }
            finally
            {
                traffic.Leave();
            }
        });
    }

    /// <summary>Where Flock's own public endpoints live (RouteProvider).</summary>
    public static readonly PathString FlockOwnPaths = new("/flock");

    /// <summary>nopCommerce's task runner (TaskScheduler posts to it; ScheduleTaskController.RunTask).</summary>
    public static readonly PathString TaskRunnerPath = new("/scheduletask/runtask");

    public int Order => 1; //after nopCommerce's error handler (0), before static files (99)
}
