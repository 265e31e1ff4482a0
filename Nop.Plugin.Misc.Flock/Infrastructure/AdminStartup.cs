using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Infrastructure;

/// <summary>DI registrations of the admin screens.</summary>
public class AdminStartup : INopStartup
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AudienceBuilderFactory>();
        services.AddScoped<CampaignModelFactory>();
        services.AddScoped<FlockReportFactory>();
        services.AddScoped<DashboardModelFactory>();
        services.AddScoped<ExperimentModelFactory>();
        services.AddScoped<KpiEventService>();
        services.AddScoped<ExperimentDataService>();
        services.AddScoped<AdminProgrammeFactory>();
    }

    public void Configure(IApplicationBuilder application)
    {
    }

    public int Order => 3001;
}
